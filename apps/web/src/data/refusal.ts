/** A refusal by the page itself, whose message is meant for the person as it is. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}
