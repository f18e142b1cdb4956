/** A network adapter of this computer as the VPN and power-saving checks read it (Get-NetAdapter and the route table). */
import { z } from 'zod';

export const netAdapterSchema = z.object({
  name: z.string(),
  interfaceDescription: z.string(),
  /** This adapter carries a default route (0.0.0.0/0 or ::/0): all traffic may go through it. */
  carriesDefaultRoute: z.boolean(),
});
export type NetAdapter = z.infer<typeof netAdapterSchema>;
