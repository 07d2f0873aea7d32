import type { FastifyRequest } from 'fastify';

interface Letter {
  id: string;
  failedAt: string;
}

/**
 * Asks every node for its dead letters (with the caller's credentials: each node checks the role itself)
 * and merges the lists; a node hosting several services answers for all of them, so ids are deduplicated.
 * A refusal (401/403) is passed on as it is; a node that does not answer is left out and named.
 */
export async function mergeDeadLetterLists(
  nodes: readonly string[],
  request: FastifyRequest,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'cookie'] as const) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
  const letters = new Map<string, Letter>();
  const unreachable: string[] = [];
  for (const node of nodes) {
    let response: Response;
    try {
      response = await fetch(`${node}/api/admin/dlq${query}`, {
        headers,
        signal: AbortSignal.timeout(5_000),
      });
    } catch {
      unreachable.push(node);
      continue;
    }
    if (response.status === 401 || response.status === 403 || response.status === 400) {
      return { status: response.status, body: await response.json() };
    }
    if (!response.ok) {
      unreachable.push(node);
      continue;
    }
    const page = (await response.json()) as { content: Letter[] };
    for (const letter of page.content) letters.set(letter.id, letter);
  }
  const content = [...letters.values()].sort((a, b) => a.failedAt.localeCompare(b.failedAt));
  return { status: 200, body: { content, totalElements: content.length, unreachable } };
}
