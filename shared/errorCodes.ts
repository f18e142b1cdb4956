/**
 * Recognising a pasted Remote Desktop error: the dialog's "Error code: 0x904 / Extended error code:
 * 0x7" (in any language: the hex values are what matter), the client event log's "Reason= 2308",
 * and the well-known dialog texts that carry no code.
 *
 * Codes come from the documented client disconnect reasons (IMsTscAxEvents::OnDisconnected,
 * disconnectReason*) and the ExtendedDisconnectReasonCode enumeration. Codes seen in the wild but
 * not documented there (0x507, 0x516, 0x607, 0x708, 0xb09 ...) are deliberately not interpreted.
 */
import type { StepId } from './steps';

export interface ErrorCodeInfo {
  /** As shown by mstsc: lower-case hex, e.g. "0x904". */
  code: string;
  value: number;
  /** Documented name, e.g. disconnectReasonAtClientWinsockFDCLOSE. */
  name: string;
  /** One sentence, plain words. */
  meaning: string;
}

export interface RecognizedError {
  /** The main error code as shown ("0x904"), or null when only a known message was recognised. */
  code: string | null;
  /** Details of the main code, when it is a documented one. */
  main?: ErrorCodeInfo;
  /** The extended error code, when one was given. */
  extended?: ErrorCodeInfo;
  /** Every code found, as written by mstsc: ["0x904", "0x7"]. */
  codes: string[];
  /** One sentence for the user: what happened. */
  meaning: string;
  /** Wizard steps most likely to find the cause, most likely first. */
  likelySteps: StepId[];
  /** Known messages recognised in the text (ids). */
  messages: string[];
}

type Steps = StepId[];

interface CodeEntry {
  name: string;
  meaning: string;
  steps: Steps;
}

/** Main disconnect reasons (discReason). */
const MAIN: Readonly<Record<number, CodeEntry>> = {
  0x1: { name: 'disconnectReasonLocalNotError', meaning: 'The connection was closed on this computer; this is not an error.', steps: [] },
  0x2: { name: 'disconnectReasonRemoteByUser', meaning: 'The session was ended on the remote computer by a user; this is not an error.', steps: [] },
  0x3: { name: 'disconnectReasonByServer', meaning: 'The remote computer ended the connection; the extended code says why.', steps: ['security', 'stability'] },
  0x104: { name: 'disconnectReasonDNSLookupFailed', meaning: 'The computer name could not be found (name lookup failed).', steps: ['reachability', 'addressing'] },
  0x106: { name: 'disconnectReasonOutOfMemory', meaning: 'This computer ran out of memory while connecting.', steps: [] },
  0x108: { name: 'disconnectReasonConnectionTimedOut', meaning: 'The connection timed out: the remote computer did not answer in time.', steps: ['reachability', 'stability'] },
  0x204: { name: 'disconnectReasonSocketConnectFailed', meaning: 'This computer could not open a connection to the remote computer (nothing answered, or the connection was refused).', steps: ['reachability'] },
  0x206: { name: 'disconnectReasonOutOfMemory2', meaning: 'This computer ran out of memory while connecting.', steps: [] },
  0x208: { name: 'disconnectReasonHostNotFound', meaning: 'The remote computer was not found.', steps: ['reachability', 'addressing'] },
  0x304: { name: 'disconnectReasonWinsockSendFailed', meaning: 'Sending data to the remote computer failed: the connection broke.', steps: ['stability', 'reachability'] },
  0x306: { name: 'disconnectReasonOutOfMemory3', meaning: 'This computer ran out of memory while connecting.', steps: [] },
  0x308: { name: 'disconnectReasonInvalidIPAddr', meaning: 'The IP address typed is not valid.', steps: ['target'] },
  0x404: { name: 'disconnectReasonSocketRecvFailed', meaning: 'Receiving data from the remote computer failed: the connection broke.', steps: ['stability', 'reachability'] },
  0x406: { name: 'disconnectReasonInvalidSecurityData', meaning: 'The security data exchanged with the remote computer was not valid.', steps: ['security', 'certificate'] },
  0x408: { name: 'disconnectReasonInternalError', meaning: 'Remote Desktop hit an internal error, often while securing the connection.', steps: ['certificate', 'security'] },
  0x506: { name: 'disconnectReasonInvalidEncryption', meaning: 'The encryption method is not valid for this connection.', steps: ['security'] },
  0x508: { name: 'disconnectReasonDNSLookupFailed2', meaning: 'The computer name could not be found (name lookup failed).', steps: ['reachability', 'addressing'] },
  0x604: { name: 'disconnectReasonGetHostByNameFailed', meaning: 'The computer name could not be turned into an address.', steps: ['reachability', 'addressing'] },
  0x606: { name: 'disconnectReasonInvalidServerSecurityInfo', meaning: "The remote computer's security data was not valid.", steps: ['certificate', 'security'] },
  0x608: { name: 'disconnectReasonTimerError', meaning: 'Remote Desktop hit an internal timer error.', steps: [] },
  0x704: { name: 'disconnectReasonTimeoutOccurred', meaning: 'A time-out occurred while connecting.', steps: ['stability', 'reachability'] },
  0x706: { name: 'disconnectReasonServerCertificateUnpackErr', meaning: "The remote computer's certificate could not be read.", steps: ['certificate'] },
  0x804: { name: 'disconnectReasonInvalidIP', meaning: 'The IP address is not valid.', steps: ['target'] },
  0x808: { name: 'disconnectReasonLicensingFailed', meaning: 'Remote Desktop licensing failed on the remote computer.', steps: [] },
  0x904: {
    name: 'disconnectReasonAtClientWinsockFDCLOSE',
    meaning: 'The connection was closed (socket closed), typically while it was being secured.',
    steps: ['certificate', 'security', 'stability', 'reachability'],
  },
  0x906: { name: 'disconnectReasonInternalSecurityError', meaning: 'An internal security error occurred while securing the connection.', steps: ['certificate', 'security'] },
  0x908: { name: 'disconnectReasonLicensingTimeout', meaning: 'Remote Desktop licensing timed out.', steps: [] },
  0xa06: { name: 'disconnectReasonInternalSecurityError2', meaning: 'An internal security error occurred while securing the connection.', steps: ['certificate', 'security'] },
  0xb06: { name: 'disconnectReasonEncryptionError', meaning: 'An encryption error occurred.', steps: ['security'] },
  0xc06: { name: 'disconnectReasonDecryptionError', meaning: 'A decryption error occurred.', steps: ['security', 'stability'] },
  0xc08: { name: 'disconnectReasonClientDecompressionError', meaning: 'Data from the remote computer could not be decompressed.', steps: ['stability'] },
};

/** Extended disconnect reasons (ExtendedDisconnectReasonCode). */
const EXTENDED: Readonly<Record<number, CodeEntry>> = {
  0x0: { name: 'exDiscReasonNoInfo', meaning: 'No further information.', steps: [] },
  0x1: { name: 'exDiscReasonAPIInitiatedDisconnect', meaning: 'A program ended the connection.', steps: [] },
  0x2: { name: 'exDiscReasonAPIInitiatedLogoff', meaning: 'A program signed the session out.', steps: [] },
  0x3: { name: 'exDiscReasonServerIdleTimeout', meaning: 'The remote computer ended the session after it was idle too long.', steps: [] },
  0x4: { name: 'exDiscReasonServerLogonTimeout', meaning: 'The remote computer ended the connection because signing in took too long.', steps: ['security'] },
  0x5: { name: 'exDiscReasonReplacedByOtherConnection', meaning: 'Another connection took over this session.', steps: [] },
  0x6: { name: 'exDiscReasonOutOfMemory', meaning: 'The remote computer ran out of memory.', steps: [] },
  0x7: { name: 'exDiscReasonServerDeniedConnection', meaning: 'The remote computer denied the connection.', steps: ['certificate', 'security', 'reachability'] },
  0x8: { name: 'exDiscReasonServerDeniedConnectionFips', meaning: 'The remote computer denied the connection for security reasons (FIPS encryption policy).', steps: ['security'] },
  0x9: { name: 'exDiscReasonServerInsufficientPrivileges', meaning: 'Your account is not allowed to sign in to this computer over Remote Desktop.', steps: ['security'] },
  0xa: { name: 'exDiscReasonServerFreshCredsRequired', meaning: 'The remote computer requires you to type your credentials again (saved ones are not accepted).', steps: ['security'] },
  0xb: { name: 'exDiscReasonRpcInitiatedDisconnectByUser', meaning: 'An administrator or another user ended the session.', steps: [] },
  0xc: { name: 'exDiscReasonLogoffByUser', meaning: 'You signed out of the session.', steps: [] },
  0x100: { name: 'exDiscReasonLicenseInternal', meaning: 'An internal licensing error occurred.', steps: [] },
  0x101: { name: 'exDiscReasonLicenseNoLicenseServer', meaning: 'No Remote Desktop license server is available.', steps: [] },
  0x102: { name: 'exDiscReasonLicenseNoLicense', meaning: 'No Remote Desktop client access license is available for this computer.', steps: [] },
  0x103: { name: 'exDiscReasonLicenseErrClientMsg', meaning: 'The remote computer received an invalid licensing message.', steps: [] },
  0x104: { name: 'exDiscReasonLicenseHwidDoesntMatchLicense', meaning: 'The stored client license was issued to another computer.', steps: [] },
  0x105: { name: 'exDiscReasonLicenseErrClientLicense', meaning: 'The client license is not valid.', steps: [] },
  0x106: { name: 'exDiscReasonLicenseCantFinishProtocol', meaning: 'A network problem interrupted licensing.', steps: ['stability'] },
  0x107: { name: 'exDiscReasonLicenseClientEndedProtocol', meaning: 'The client ended licensing.', steps: [] },
  0x108: { name: 'exDiscReasonLicenseErrClientEncryption', meaning: 'A licensing message was encrypted incorrectly.', steps: [] },
  0x109: { name: 'exDiscReasonLicenseCantUpgradeLicense', meaning: 'The client license could not be upgraded or renewed.', steps: [] },
  0x10a: { name: 'exDiscReasonLicenseNoRemoteConnections', meaning: 'The remote computer is not licensed to accept remote connections.', steps: [] },
  0x10b: { name: 'exDiscReasonLicenseCreatingLicStoreAccDenied', meaning: 'The client could not create its license store (access denied).', steps: [] },
  0x300: { name: 'exDiscReasonRdpEncInvalidCredentials', meaning: 'The credentials sent were not valid.', steps: ['security'] },
};

/** Dialog texts without a code that point at one cause. Matched case-insensitively, English only. */
const MESSAGES: ReadonlyArray<{ id: string; pattern: RegExp; meaning: string; steps: Steps }> = [
  {
    id: 'credssp-encryption-oracle',
    pattern: /encryption oracle remediation|CredSSP encryption oracle/i,
    meaning: 'This computer and the remote computer disagree about the CredSSP security update (encryption oracle remediation): one of them needs updates, or the policy must match.',
    steps: ['security'],
  },
  {
    id: 'nla-not-supported',
    pattern: /requires Network Level Authentication/i,
    meaning: 'The remote computer requires Network Level Authentication and this side could not do it.',
    steps: ['security'],
  },
  {
    id: 'time-difference',
    pattern: /time or date difference|time difference between/i,
    meaning: 'The clocks of the two computers differ too much for sign-in to work.',
    steps: ['certificate', 'security'],
  },
  {
    id: 'unexpected-certificate',
    pattern: /unexpected server authentication certificate/i,
    meaning: 'The remote computer presented a different certificate than the one this computer expected.',
    steps: ['certificate', 'addressing'],
  },
  {
    id: 'certificate-problem',
    pattern: /certificate (has expired|is not (yet )?valid|or associated chain is not valid)/i,
    meaning: "The remote computer's certificate is expired or not valid.",
    steps: ['certificate'],
  },
  {
    id: 'authentication-error',
    pattern: /an authentication error has occurred/i,
    meaning: 'Signing in before the session (CredSSP/NLA) failed.',
    steps: ['security', 'certificate'],
  },
  {
    id: 'internal-error',
    pattern: /an internal error has occurred/i,
    meaning: 'Remote Desktop failed while securing the connection (often the certificate or TLS settings of the remote computer).',
    steps: ['certificate', 'security'],
  },
  {
    id: 'security-error',
    pattern: /because of a security error/i,
    meaning: 'The connection failed while it was being secured.',
    steps: ['certificate', 'security'],
  },
  {
    id: 'cannot-find-computer',
    pattern: /can(?:'|’|no)t find the computer/i,
    meaning: 'The computer name could not be found.',
    steps: ['reachability', 'addressing'],
  },
  {
    id: 'cannot-connect',
    pattern: /can(?:'|’|no)t connect to the remote computer/i,
    meaning: 'This computer could not connect to the remote computer.',
    steps: ['reachability', 'certificate', 'security'],
  },
];

/** "extended" in the languages mstsc ships in (the label before the second code). */
const EXTENDED_LABEL =
  /extended|erweitert|étendu|etendu|extendido|estendido|esteso|uitgebreid|utökad|udvidet|utvidet|laajennettu|rozszerzon|rozšířen|rozšíren|kibővített|bővített|genişletil|расширенн|розширен|εκτεταμέν|拡張|扩展|擴充|확장/i;

export const ERROR_0X904_0X7_MEANING =
  'The remote computer, or something on the way to it, closed the connection while it was being secured.';

/** exDiscReasonProtocolRangeStart..End: the server ended the connection on a protocol error. */
const PROTOCOL_RANGE: CodeEntry = {
  name: 'exDiscReasonProtocolRange',
  meaning: 'The remote computer ended the connection because of a protocol error.',
  steps: ['stability', 'security'],
};

function entryFor(table: Readonly<Record<number, CodeEntry>>, value: number): CodeEntry | undefined {
  if (table === EXTENDED && value >= 0x1000 && value <= 0x7fff) return PROTOCOL_RANGE;
  return table[value];
}

function info(table: Readonly<Record<number, CodeEntry>>, value: number): ErrorCodeInfo | undefined {
  const entry = entryFor(table, value);
  return entry ? { code: `0x${value.toString(16)}`, value, name: entry.name, meaning: entry.meaning } : undefined;
}

interface FoundCode {
  value: number;
  extended: boolean;
}

/** Hex codes with the label before each ("Error code: 0x904 Extended error code: 0x7", one line or two). */
function findCodes(text: string): FoundCode[] {
  const found: FoundCode[] = [];
  const hex = /\b0x([0-9a-f]{1,8})\b/gi;
  let last = 0;
  for (let m = hex.exec(text); m; m = hex.exec(text)) {
    const before = text.slice(last, m.index);
    const label = before.slice(Math.max(before.lastIndexOf('\n'), 0));
    last = m.index + m[0].length;
    const value = parseInt(m[1]!, 16);
    // Disconnect codes are small; 0x80090304 and the like are HRESULTs inside a message.
    if (value > 0xffff) continue;
    found.push({ value, extended: EXTENDED_LABEL.test(label) });
  }
  // The client's event log (RDPClient/Operational 1026) writes the reason in decimal: "(Reason= 2308)".
  if (found.length === 0) {
    const reason = /\breason\s*=\s*(\d{1,6})\b/i.exec(text);
    if (reason) found.push({ value: Number(reason[1]), extended: false });
  }
  return found;
}

function unique(steps: Steps): Steps {
  return [...new Set(steps)];
}

/** What a pasted error dialog (or event log line) says; null when nothing known is in it. */
export function recognizeErrorText(text: string): RecognizedError | null {
  const input = text.slice(0, 4000);
  const codes = findCodes(input);
  const mainFound = codes.find((c) => !c.extended);
  // Without a recognisable "extended" label, the code after the main one is the extended one.
  const extendedFound = codes.find((c) => c.extended) ?? (mainFound ? codes[codes.indexOf(mainFound) + 1] : undefined);
  const messages = MESSAGES.filter((m) => m.pattern.test(input));

  const main = mainFound ? info(MAIN, mainFound.value) : undefined;
  const extended = extendedFound ? info(EXTENDED, extendedFound.value) : undefined;
  if (!main && !extended && messages.length === 0) return null;

  const value = mainFound?.value;
  let meaning: string;
  let steps: Steps;
  if (value === 0x904 && extendedFound?.value === 0x7) {
    meaning = ERROR_0X904_0X7_MEANING;
    steps = ['certificate', 'security', 'stability', 'reachability'];
  } else if (main) {
    meaning = extended && extended.value !== 0 ? `${main.meaning} ${extended.meaning}` : main.meaning;
    steps = [...(entryFor(MAIN, main.value)?.steps ?? []), ...(extended ? (entryFor(EXTENDED, extended.value)?.steps ?? []) : [])];
  } else if (extended) {
    meaning = extended.meaning;
    steps = [...(entryFor(EXTENDED, extended.value)?.steps ?? [])];
  } else {
    meaning = messages[0]!.meaning;
    steps = [];
  }
  // Messages add their causes; a message that names a specific cause leads when no code did.
  if (messages.length > 0) {
    if (!main && !extended) meaning = messages[0]!.meaning;
    else if (!(value === 0x904 && extendedFound?.value === 0x7)) meaning = `${meaning} ${messages[0]!.meaning}`;
    steps = main || extended ? [...steps, ...messages.flatMap((m) => m.steps)] : messages.flatMap((m) => m.steps);
  }

  return {
    code: mainFound ? `0x${mainFound.value.toString(16)}` : null,
    codes: codes.map((c) => `0x${c.value.toString(16)}`),
    ...(main ? { main } : {}),
    ...(extended ? { extended } : {}),
    meaning,
    likelySteps: unique(steps),
    messages: messages.map((m) => m.id),
  };
}
