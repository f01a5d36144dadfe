import { z } from 'zod';

export const CheckHealthV1 = z.object({});
export type CheckHealthV1 = z.infer<typeof CheckHealthV1>;

export const CheckHealthReplyV1 = z.object({
  service: z.string(),
  ready: z.boolean(),
  checks: z.record(z.string(), z.boolean()),
});
export type CheckHealthReplyV1 = z.infer<typeof CheckHealthReplyV1>;
