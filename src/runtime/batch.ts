/**
 * Batching. HubSpot caps the inputs of a batch request (50 for campaigns, from the spec's `x-batch`). A batch
 * action given more splits them into chunks, sends them with bounded concurrency and merges the answers:
 * results and per-item errors (207) of every chunk are kept; a chunk that fails as a whole is reported with
 * the inputs it carried. Nothing is dropped silently.
 */
import { type ActionInfo, assertInput, type RequestOptions } from './core.js';
import { HubSpotError, isRecord } from './errors.js';

/** What batching needs of a core: running one request of an action. */
interface Caller {
  call<T>(action: ActionInfo, input: unknown, options?: RequestOptions): Promise<T>;
}

/** The descriptor of a batch action. */
export type BatchedActionInfo = ActionInfo & { readonly batch: BatchInfo };

/** How an action batches, from the spec's `x-batch`. */
export interface BatchInfo {
  readonly inputsPath: string;
  readonly maxItems: number;
}

export interface BatchOptions {
  /** Chunks in flight at once when the inputs exceed one request. Default 3. */
  batchConcurrency?: number;
}

/** One chunk that failed as a whole. */
export interface BatchChunkFailure {
  /** Index of the chunk's first input in the caller's inputs. */
  offset: number;
  /** The inputs that were not processed. */
  inputs: unknown[];
  error: unknown;
}

/** Some chunks failed; `partial` merges the answers of the chunks that succeeded. */
export class HubSpotBatchError extends HubSpotError {
  override readonly name: string = 'HubSpotBatchError';
  readonly failures: BatchChunkFailure[];
  readonly partial: unknown;

  constructor(actionId: string, failures: BatchChunkFailure[], partial: unknown, total: number) {
    const failed = failures.reduce((n, f) => n + f.inputs.length, 0);
    super(`${failed} of ${total} inputs of '${actionId}' failed in ${failures.length} chunk(s)`, {
      actionId,
      cause: failures[0]?.error,
      kind: 'batch',
    });
    this.failures = failures;
    this.partial = partial;
  }
}

/** Merges batch answers: arrays are concatenated, counters summed, the time span widened. */
export function mergeBatchResults<Out>(outputs: Out[]): Out {
  const objects = (outputs as unknown[]).filter(isRecord);
  if (objects.length === 0) return outputs[0] as Out;
  const merged: Record<string, unknown> = { ...objects[0] };
  for (const o of objects.slice(1)) {
    for (const [k, v] of Object.entries(o)) {
      const cur = merged[k];
      if (Array.isArray(cur) && Array.isArray(v)) merged[k] = [...cur, ...v];
      else if (k === 'numErrors' && typeof cur === 'number' && typeof v === 'number') merged[k] = cur + v;
      else if (k === 'startedAt' && typeof cur === 'string' && typeof v === 'string')
        merged[k] = [cur, v].sort()[0]; // ISO times sort as strings
      else if (k === 'completedAt' && typeof cur === 'string' && typeof v === 'string')
        merged[k] = [cur, v].sort()[1];
      else if (cur === undefined) merged[k] = v;
    }
  }
  return merged as Out;
}

/** Sends `body`, split into chunks of `info.maxItems` inputs when it has more. */
export async function runBatched<Body extends object, Out>(
  actionId: string,
  body: Body,
  info: BatchInfo,
  options: BatchOptions | undefined,
  send: (chunk: Body) => Promise<Out>,
): Promise<Out> {
  const inputs = (body as Record<string, unknown>)[info.inputsPath];
  if (!Array.isArray(inputs) || inputs.length <= info.maxItems) return send(body);
  const chunks: Array<{ offset: number; inputs: unknown[] }> = [];
  for (let i = 0; i < inputs.length; i += info.maxItems)
    chunks.push({ offset: i, inputs: inputs.slice(i, i + info.maxItems) });
  const outcomes: Array<{ ok: true; value: Out } | { ok: false; error: unknown }> = new Array(chunks.length);
  const concurrency = Math.max(1, Math.floor(options?.batchConcurrency ?? 3));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const index = next++;
      const chunk = chunks[index] as { offset: number; inputs: unknown[] };
      try {
        outcomes[index] = { ok: true, value: await send({ ...body, [info.inputsPath]: chunk.inputs }) };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  const values: Out[] = [];
  const failures: BatchChunkFailure[] = [];
  outcomes.forEach((o, i) => {
    const chunk = chunks[i] as { offset: number; inputs: unknown[] };
    if (o.ok) values.push(o.value);
    else failures.push({ offset: chunk.offset, inputs: chunk.inputs, error: o.error });
  });
  const merged = mergeBatchResults(values);
  if (failures.length > 0) throw new HubSpotBatchError(actionId, failures, merged, inputs.length);
  return merged;
}

/**
 * Runs a batch action: one call when its inputs fit in one request, else one call per chunk of
 * `action.batch.maxItems` inputs (see {@link runBatched}). The input is checked once, before any split.
 */
export async function callBatched<T>(
  core: Caller,
  action: BatchedActionInfo,
  input: unknown,
  options?: RequestOptions & BatchOptions,
): Promise<T> {
  assertInput(action, input);
  const given = (input ?? {}) as { body?: unknown };
  const body = given.body;
  if (!isRecord(body)) return core.call<T>(action, input, options);
  return runBatched(action.id, body, action.batch, options, (chunk) =>
    core.call<T>(action, { ...given, body: chunk }, options),
  );
}
