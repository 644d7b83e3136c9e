import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type Principal, type StaffPrincipal, type ResponseOf, keysContract as c } from '@ashar/domain';
import { CurrentPrincipal, CurrentStaff, Policy, Public, SignedIn, StepUp } from '../policy';
import { ContractBody, ContractParams } from '../http';
import { CertificationService } from './certification.service';
import { RevocationService } from './revocation.service';

@ApiTags('keys')
@Controller('v1/keys')
export class KeysController {
  constructor(
    private readonly certification: CertificationService,
    private readonly revocation: RevocationService,
  ) {}

  @Get('root')
  @Public('the root public key is public; clients trust only their built-in copy')
  @ApiOperation({ summary: 'The configured organisation root public key' })
  root(): ResponseOf<typeof c.root> {
    return { rootPublicKey: this.certification.rootPublicKey() };
  }

  @Get('staff/:id')
  @Public('public keys and certificates are public: everyone verifies them before sealing; the name is not (see the service)')
  @ApiOperation({ summary: 'A member’s public keys and certificate chain (leaf first); their name only to staff, and to a requester they wrote to' })
  staffKeys(@CurrentPrincipal() caller: Principal, @ContractParams(c.staffKeys) { id }: ParamsOf<typeof c.staffKeys>): Answer<typeof c.staffKeys> {
    return this.certification.publicKeys(id, caller);
  }

  @Post('staff/:id/certificate')
  @HttpCode(204)
  @SignedIn('staff')
  @StepUp()
  @ApiOperation({ summary: 'Store a certificate of a member’s keys (an admin’s own root-issued one, or one an admin issued)' })
  async certify(
    @CurrentStaff() staff: StaffPrincipal,
    @ContractParams(c.certify) { id }: ParamsOf<typeof c.certify>,
    @ContractBody(c.certify) body: BodyOf<typeof c.certify>,
  ): Promise<void> {
    await this.certification.store(staff, id, body.certificate);
  }

  @Get('revocations')
  @Public('revocation statements are public: everyone checks them before sealing to a key or trusting a signature')
  @ApiOperation({ summary: 'Every signed revocation statement with its signer’s certificate (libs/crypto SPEC.md §8.3)' })
  revocations(): Answer<typeof c.revocations> {
    return this.revocation.list();
  }

  @Post('revocations')
  @HttpCode(204)
  @Policy('revoke', 'Certificate')
  @StepUp()
  @ApiOperation({ summary: 'An admin revokes a staff member’s certified keys or a desk key version with a signed statement' })
  async revoke(@CurrentStaff() staff: StaffPrincipal, @ContractBody(c.revoke) body: BodyOf<typeof c.revoke>): Promise<void> {
    await this.revocation.revoke(staff, body.statement);
  }
}
