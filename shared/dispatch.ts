/**
 * The one edge every transport goes through: validate the request with the contract's schema,
 * call the service, validate the result, and turn any failure into {code, message}.
 * Malformed arguments never reach the service.
 */
import type { ZodError } from 'zod';
import {
  METHOD_NAMES,
  ServiceError,
  methods,
  replySchema,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
  type Reply,
  type RunEvent,
  type ServiceErrorShape,
} from './contract';

export interface CallContext {
  transport: 'ipc' | 'bridge' | 'in-process';
}

/** What the service object implements: every method, given an already-validated argument. */
export type ServiceImplementation = {
  [M in MethodName]: (input: MethodParsedInput<M>, ctx: CallContext) => Promise<MethodOutput<M>>;
} & {
  subscribe(listener: (event: RunEvent) => void): () => void;
};

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as string[]).includes(name);
}

/** The first problem of a zod error as one line, e.g. `target: The port 70000 is out of range...`. */
export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is not valid.';
  const path = issue.path.filter((p) => typeof p === 'string' || typeof p === 'number').join('.');
  const message = issue.message.replace(/\s+/g, ' ').trim();
  // Messages we wrote ourselves stand alone; zod's generic ones get the field name.
  if (issue.code === 'custom' || path === '') return message;
  return `${path}: ${message}`;
}

export function toErrorShape(error: unknown): ServiceErrorShape {
  if (error instanceof ServiceError) return error.toJSON();
  if (error && typeof error === 'object' && 'name' in error && (error as { name: unknown }).name === 'AbortError') {
    return { code: 'cancelled', message: 'Cancelled.' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Something went wrong inside RDP Doctor: ${message.split('\n')[0]?.slice(0, 300) ?? ''}` };
}

/** Validate the argument of `method`; throws ServiceError('invalid-input') with a one-line reason. */
export function parseRequest<M extends MethodName>(method: M, raw: unknown): MethodParsedInput<M> {
  const parsed = methods[method].input.safeParse(raw === undefined ? {} : raw);
  if (!parsed.success) throw new ServiceError('invalid-input', describeZodError(parsed.error));
  return parsed.data as MethodParsedInput<M>;
}

export async function dispatch(
  service: ServiceImplementation,
  method: unknown,
  raw: unknown,
  ctx: CallContext,
): Promise<Reply<unknown>> {
  try {
    if (!isMethodName(method)) throw new ServiceError('not-found', 'No such operation.');
    const input = parseRequest(method, raw);
    const impl = service[method] as (input: unknown, ctx: CallContext) => Promise<unknown>;
    const value = await impl.call(service, input, ctx);
    const checked = methods[method].output.safeParse(value);
    if (!checked.success) {
      throw new ServiceError('internal', `RDP Doctor produced a malformed ${method} result (${describeZodError(checked.error)}).`);
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return { ok: false, error: toErrorShape(error) };
  }
}

/** Client side: unwrap a reply, re-raising errors as ServiceError. */
export function unwrapReply<T>(reply: Reply<T>): T {
  if (reply.ok) return reply.value;
  throw new ServiceError(reply.error.code, reply.error.message);
}

/**
 * Client side, for the renderer's transports: check a raw reply to `method` (the envelope, then the
 * value against the method's output schema) and unwrap it. Anything off becomes ServiceError('internal').
 */
export function readReply<M extends MethodName>(method: M, raw: unknown): MethodOutput<M> {
  const reply = replySchema.safeParse(raw);
  if (!reply.success) throw new ServiceError('internal', 'RDP Doctor answered with an unexpected reply.');
  const value = unwrapReply(reply.data);
  const checked = methods[method].output.safeParse(value);
  if (!checked.success) throw new ServiceError('internal', `RDP Doctor sent a malformed ${method} result (${describeZodError(checked.error)}).`);
  return checked.data as MethodOutput<M>;
}
