import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type AsharConfig } from './config';

export const ASHAR_CONFIG = Symbol('ASHAR_CONFIG');

/** Makes the validated configuration injectable everywhere as ASHAR_CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AsharConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: ASHAR_CONFIG, useValue: config }], exports: [ASHAR_CONFIG] };
  }
}
