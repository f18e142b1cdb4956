/**
 * Imported first by the command line, before any schema is built. A command line run is short:
 * zod's JIT would compile a parser for every object schema it meets once (with `new Function`),
 * which costs more than it saves. The long-lived main process keeps the JIT.
 */
import { z } from 'zod';

z.config({ jitless: true });
