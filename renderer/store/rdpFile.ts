/** .rdp files: made by the service, opened in Remote Desktop Connection where it can. */
import type { MethodInput, MethodOutput } from '../../shared/contract';
import { getApi } from '../api';

export function makeRdpFile(request: MethodInput<'makeRdpFile'>): Promise<MethodOutput<'makeRdpFile'>> {
  return getApi().makeRdpFile(request);
}

export function openInRemoteDesktop(request: MethodInput<'openInRemoteDesktop'>): Promise<MethodOutput<'openInRemoteDesktop'>> {
  return getApi().openInRemoteDesktop(request);
}
