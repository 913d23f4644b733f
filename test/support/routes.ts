import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface ServedRoute {
  readonly method: string;
  readonly path: string;
}

/**
 * Every route Fastify serves, read from its `printRoutes()` tree: each line's indentation
 * (4 characters a level) says which line it extends, and a node's text continues its parent's path.
 */
export function fastifyRoutes(app: NestFastifyApplication): ServedRoute[] {
  const tree = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: ServedRoute[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = [...match[1]].length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2];
    stack.push(path);
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, path });
  }
  return routes;
}
