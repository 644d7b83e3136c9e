export { CallsModule } from './calls.module';
export { CallDeadline } from './call-deadline.service';
export { Clock } from './clock';
