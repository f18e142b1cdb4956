/** What listens on the Remote Desktop port. */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

/** What listens on the Remote Desktop port: each listening socket, its process and the services in it. */
export const portListenerSchema = z.object({
  localAddress: z.string(),
  localPort: z.number().int(),
  processId: z.number().int(),
  processName: z.string().nullable(),
  services: z.array(z.string()),
  /** The process hosts Remote Desktop Services (TermService). */
  termService: z.boolean(),
});
export type PortListener = z.infer<typeof portListenerSchema>;
export const portOwnerDataSchema = z.object({ listenerPort: z.number().int(), listeners: z.array(portListenerSchema), termServiceListens: z.boolean(), problems: sectionProblemsSchema });
export type PortOwnerData = z.infer<typeof portOwnerDataSchema>;
