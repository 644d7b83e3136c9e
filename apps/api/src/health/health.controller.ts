import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { type Answer, type ResponseOf, DomainError, GeneralError, healthContract as c } from '@ashar/domain';
import { Public } from '../policy';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @Public('liveness probe; reveals nothing')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): ResponseOf<typeof c.live> {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public('readiness probe; reports only up/down and a reason')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer; 503 problem+json naming what is down otherwise' })
  async ready(): Answer<typeof c.ready> {
    try {
      return await this.health.check([
        () => this.db.pingCheck('postgres', { timeout: 1500 }),
        () => this.redis.isHealthy('redis'),
      ]);
    } catch (err) {
      const result = err instanceof ServiceUnavailableException ? (err.getResponse() as HealthCheckResult) : undefined;
      if (!result?.details) throw err;
      const down = Object.entries(result.details)
        .filter(([, v]) => v.status === 'down')
        .map(([name, v]) => `${name}: ${typeof v['message'] === 'string' ? v['message'] : 'down'}`);
      throw new DomainError(GeneralError.Unavailable, down.join('; '), { details: result.details });
    }
  }
}
