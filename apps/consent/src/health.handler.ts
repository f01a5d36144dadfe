import { databaseHealth } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { CONSENT_DB } from './db/data-source.js';

/** Ready when consent's database answers with every migration applied (and the bus is connected). */
@Injectable()
export class ConsentHealth extends databaseHealth('consent', CONSENT_DB) {}
