import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type StaffPrincipal } from '@ashar/domain';
import { type z } from 'zod';
import { CertificateBody } from './dto';
import { CurrentStaff, Public, SignedIn, StepUp } from '../policy';
import { ZodValidationPipe } from '../http';
import { CertificationService } from './certification.service';

@ApiTags('keys')
@Controller('v1/keys')
export class KeysController {
  constructor(private readonly certification: CertificationService) {}

  @Get('root')
  @Public('the root public key is public; clients trust only their built-in copy')
  @ApiOperation({ summary: 'The configured organisation root public key' })
  root() {
    return { rootPublicKey: this.certification.rootPublicKey() };
  }

  @Get('staff/:id')
  @Public('public keys and certificates are public: everyone verifies them before sealing')
  @ApiOperation({ summary: 'A member’s public keys and certificate chain (leaf first)' })
  staffKeys(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.certification.publicKeys(id);
  }

  @Post('staff/:id/certificate')
  @HttpCode(204)
  @SignedIn('staff')
  @StepUp()
  @ApiOperation({ summary: 'Store a certificate of a member’s keys (an admin’s own root-issued one, or one an admin issued)' })
  async certify(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(CertificateBody)) body: z.infer<typeof CertificateBody>,
  ): Promise<void> {
    await this.certification.store(staff, id, body.certificate);
  }
}
