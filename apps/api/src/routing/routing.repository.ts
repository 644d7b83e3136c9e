import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type RoutingRule } from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';

export interface RoutingRuleRow {
  id: string;
  priority: number;
  request_type: string | null;
  country: string | null;
  language: string | null;
  desk_slug: string;
}

/** Most rules an installation keeps: every intake reads them all, and so does every requester's browser. */
export const ROUTING_RULES_MAX = 500;

/** Every rule as a RoutingRuleRow, in the order routeRequest expects (priority, then age); $1 = ROUTING_RULES_MAX. */
export const RULES_SQL = `SELECT r.id, r.priority, r.request_type, r.country, r.language, d.slug AS desk_slug
         FROM routing_rules r JOIN desks d ON d.id = r.desk_id
        ORDER BY r.priority, r.created_at, r.id LIMIT $1`;

/** Routing rules (type, country, language → desk), listed by priority then age: the order routeRequest expects. */
@Injectable()
export class RoutingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(manager: EntityManager = this.dataSource.manager): Promise<RoutingRuleRow[]> {
    return manager.query(RULES_SQL, [ROUTING_RULES_MAX]);
  }

  async count(manager: EntityManager): Promise<number> {
    const rows: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM routing_rules`);
    return rows[0]?.n ?? 0;
  }

  async insert(manager: EntityManager, rule: RoutingRule, deskId: string): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO routing_rules (priority, request_type, country, language, desk_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [rule.priority, rule.requestType ?? null, rule.country ?? null, rule.language ?? null, deskId],
    );
    return rows[0]!.id;
  }

  async update(manager: EntityManager, id: string, rule: RoutingRule, deskId: string): Promise<boolean> {
    const result: [unknown[], number] = await manager.query(
      `UPDATE routing_rules SET priority = $2, request_type = $3, country = $4, language = $5, desk_id = $6, updated_at = now() WHERE id = $1`,
      [id, rule.priority, rule.requestType ?? null, rule.country ?? null, rule.language ?? null, deskId],
    );
    return result[1] === 1;
  }

  async delete(manager: EntityManager, id: string): Promise<boolean> {
    const result: [unknown[], number] = await manager.query(`DELETE FROM routing_rules WHERE id = $1`, [id]);
    return result[1] === 1;
  }

  /** Desk ids by slug (for rules and routed desks). */
  async deskIdsBySlug(slugs: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    const rows: { id: string; slug: string }[] = await manager.query(`SELECT id, slug FROM desks WHERE slug = ANY($1::text[])`, [slugs]);
    return new Map(rows.map((r) => [r.slug, r.id]));
  }
}
