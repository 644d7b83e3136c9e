/** "Remove" for a desk member, asking for confirmation in place before `onConfirm`. */
export function RemoveMemberButton({ name, confirming, busy, onAsk, onConfirm, onCancel }: { name: string; confirming: boolean; busy: boolean; onAsk(): void; onConfirm(): void; onCancel(): void }) {
  return confirming ? (
    <div className="passkeys__confirm" role="group" aria-label={`Confirm removing ${name}`}>
      <button type="button" className="button button--danger" onClick={onConfirm} disabled={busy}>
        Remove
      </button>
      <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
    </div>
  ) : (
    <button type="button" className="button button--secondary" onClick={onAsk} disabled={busy} aria-label={`Remove ${name}`}>
      Remove
    </button>
  );
}
