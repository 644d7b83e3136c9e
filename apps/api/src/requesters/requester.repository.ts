import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Requester accounts: nothing but the public keys derived from a receipt code.
 * No email, phone, address, user agent, or even the time of day (the creation
 * date is truncated to the day).
 */
@Injectable()
export class RequesterRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates the account of a first submission inside its transaction; returns its id. */
  async create(manager: EntityManager, keys: { signKid: string; encPk: string; signPk: string }): Promise<string> {
    const rows: { id: string }[] = await manager.query(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $3) RETURNING id`, [
      keys.signKid,
      keys.encPk,
      keys.signPk,
    ]);
    return rows[0]!.id;
  }

  /** Inside a transaction, pass its manager: a second pool connection per request can exhaust the pool under load. */
  async findByKid(signKid: string, manager: EntityManager = this.dataSource.manager): Promise<{ id: string; sign_pk: string } | null> {
    const rows: { id: string; sign_pk: string }[] = await manager.query(`SELECT id, sign_pk FROM requesters WHERE sign_kid = $1`, [signKid]);
    return rows[0] ?? null;
  }
}
