/** Desks. What other contexts may use of them. */
export { DeskRepository } from './desk.repository';
export { DesksModule } from './desks.module';
export { DeskService } from './desk.service';
