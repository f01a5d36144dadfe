// xAPI 2.0 Communication §2.7 — About resource: no authentication, no version header needed.
import { SUPPORTED_VERSIONS } from '@custos/xapi';
import { Controller, Get } from '@nestjs/common';

@Controller('xapi/about')
export class AboutController {
  @Get()
  about(): { version: string[]; extensions: Record<string, unknown> } {
    return { version: [...SUPPORTED_VERSIONS], extensions: {} };
  }
}
