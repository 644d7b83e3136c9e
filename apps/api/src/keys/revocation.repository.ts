import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface RevocationRow {
  statement: unknown;
  issuer_certificate: unknown;
  stored_at: Date;
}

/** The signed revocation statements (key_revocations). */
@Injectable()
export class RevocationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<RevocationRow[]> {
    return this.dataSource.query(`SELECT statement, issuer_certificate, stored_at FROM key_revocations ORDER BY stored_at, id LIMIT 10000`);
  }

  /** Stores a statement; false when the same admin already revoked that key from that instant. */
  async insert(
    manager: EntityManager,
    r: { kind: string; subjectId: string; kid: string; revokedAt: Date; statement: unknown; issuedBy: string; issuerCertificate: unknown },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO key_revocations (kind, subject_id, kid, revoked_at, statement, issued_by, issuer_certificate) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (kind, subject_id, kid, revoked_at, issued_by) DO NOTHING RETURNING id`,
      [r.kind, r.subjectId, r.kid, r.revokedAt, JSON.stringify(r.statement), r.issuedBy, JSON.stringify(r.issuerCertificate)],
    );
    return rows.length === 1;
  }
}
