/** Whether Windows may switch the network adapters off to save power. */
import { z } from 'zod';
import { netAdapterSchema } from './adapter';
import { sectionProblemsSchema } from './ids';

export const NET_CLASS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002BE10318}';
export const nicPowerAdapterSchema = netAdapterSchema.extend({
  interfaceGuid: z.string().nullable(),
  mediaType: z.string().nullable(),
  linkSpeed: z.string().nullable(),
  /** NNNN under the network adapter class key. */
  classSubkey: z.string().nullable(),
  /** PnPCapabilities value (24 = the computer may not turn the device off); null not set. */
  pnpCapabilities: z.number().nullable(),
  /** Get-NetAdapterPowerManagement: Enabled / Disabled / Unsupported; null unreadable. */
  allowComputerToTurnOffDevice: z.string().nullable(),
  /** Windows may power the adapter down to save energy: null when it could not be read. */
  powerSavingAllowed: z.boolean().nullable(),
});
export const nicPowerDataSchema = z.object({
  adapters: z.array(nicPowerAdapterSchema),
  problems: sectionProblemsSchema,
});
export type NicPowerData = z.infer<typeof nicPowerDataSchema>;
