import { RequestMethod, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';

const MUTATING = new Set<RequestMethod>([RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE]);

/**
 * Binds `interceptor` to every POST/PUT/PATCH/DELETE handler of `controllers`, as a method-level
 * `@UseInterceptors` would: a global interceptor would also wrap every read, and Nest builds its
 * rxjs and async-context plumbing per request for each interceptor a route has. Call it before the
 * module is scanned; binding twice is harmless.
 */
export function bindToMutatingRoutes(controllers: readonly Type[], interceptor: Type): void {
  for (const controller of controllers) {
    for (const handler of handlersOf(controller)) {
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined || !MUTATING.has(method)) continue;
      const bound = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
      if (!bound.includes(interceptor)) Reflect.defineMetadata(INTERCEPTORS_METADATA, [...bound, interceptor], handler);
    }
  }
}

/** The route handlers a controller class defines or inherits. */
function handlersOf(controller: Type): Array<(...args: unknown[]) => unknown> {
  const handlers = new Set<(...args: unknown[]) => unknown>();
  for (let proto = controller.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (name !== 'constructor' && typeof value === 'function') handlers.add(value as (...args: unknown[]) => unknown);
    }
  }
  return [...handlers];
}
