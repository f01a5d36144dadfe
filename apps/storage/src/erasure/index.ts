// What the part's module uses of the erasure room.
export { ErasureModule } from './erasure.module.js';
