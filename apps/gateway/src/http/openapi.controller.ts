// GET /api/v1/openapi.json: the description of /api/v1 (./openapi.ts), for anyone (it holds no data).
import { Controller, Get, Header } from '@nestjs/common';

import { openApiDocument } from './openapi.js';

@Controller('api/v1')
export class OpenApiController {
  @Get('openapi.json')
  @Header('Cache-Control', 'public, max-age=300')
  document(): ReturnType<typeof openApiDocument> {
    return openApiDocument();
  }
}
