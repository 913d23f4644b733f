import { Controller, Delete, Get, Injectable, type NestInterceptor, Patch, Post, Put } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { bindToMutatingRoutes } from './mutating-routes';

@Injectable()
class Recording implements NestInterceptor {
  intercept(_c: unknown, next: { handle(): unknown }) {
    return next.handle() as never;
  }
}

@Controller('things')
class ThingsController {
  @Get() list() {}
  @Post() create() {}
  @Put(':id') replace() {}
  @Patch(':id') change() {}
  @Delete(':id') remove() {}
  helper() {}
}

const bound = (handler: unknown) => (Reflect.getMetadata(INTERCEPTORS_METADATA, handler as object) as unknown[] | undefined) ?? [];

describe('bindToMutatingRoutes', () => {
  it('binds the interceptor to POST, PUT, PATCH and DELETE handlers only, once however often it is called', () => {
    bindToMutatingRoutes([ThingsController], Recording);
    bindToMutatingRoutes([ThingsController], Recording);
    const p = ThingsController.prototype;
    for (const handler of [p.create, p.replace, p.change, p.remove]) expect(bound(handler)).toEqual([Recording]);
    expect(bound(p.list)).toEqual([]);
    expect(bound(p.helper)).toEqual([]);
  });
});
