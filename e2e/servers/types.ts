/** What every harness server hands back. I is the server-specific info (cert paths, user, ...). */
export interface RunningServer<I extends object = Record<string, unknown>> {
  /** Always a loopback address (127.0.0.1 unless said otherwise). */
  host: string;
  port: number;
  /** e.g. "xrdp:expired-cert", "shadow:nla", "fault:banner". */
  name: string;
  info: I;
  /** Stops the server and removes everything it created. Idempotent, bounded (a few seconds at most). */
  stop(): Promise<void>;
  /** Captured stdout/stderr and the server's own log file (for failure messages). */
  logs(): Promise<string>;
}

/** What a server is expected to answer at X.224 for a given requestedProtocols value. */
export type ExpectedConfirm =
  | { selected: number } // RDP_NEG_RSP selecting this protocol
  | { failure: number } // RDP_NEG_FAILURE with this code
  | { disconnect: true }; // no confirm: the server closes or resets

/** Expected X.224 answers for the requestedProtocols values 0, 1, 3 and 11 (as nmap's rdp-enum-encryption would ask). */
export type ExpectedAnswers = Record<'0' | '1' | '3' | '11', ExpectedConfirm>;
