import { databaseHealth } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { STORAGE_DB } from '../db/data-source.js';

/** Ready when storage's database answers with every migration applied (and the bus is connected). */
@Injectable()
export class StorageHealth extends databaseHealth('storage', STORAGE_DB) {}
