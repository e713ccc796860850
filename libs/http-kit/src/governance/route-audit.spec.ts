import 'reflect-metadata';
import { Controller, Get, Post } from '@nestjs/common';
import { routesOf, undeclaredRoutes } from './route-audit';
import { Public, RequireScopes } from './scopes';

@Controller('v1/things')
class ThingsController {
  @RequireScopes('things:read', 'things:write')
  @Get()
  list() {}

  @RequireScopes('things:write')
  @Post(':id/archive')
  archive() {}

  @Post(':id/forgotten')
  forgotten() {}

  helper() {}
}

@Public()
@Controller()
class OpsController {
  @Get('health/live')
  live() {}
}

@RequireScopes('ops:admin')
@Controller('admin')
class AdminController {
  @Post('pause')
  pause() {}
}

describe('route audit', () => {
  it('lists every HTTP route with its scopes, from the method or the controller', () => {
    expect([ThingsController, OpsController, AdminController].flatMap(routesOf)).toEqual([
      { route: 'GET /v1/things', scopes: ['things:read', 'things:write'], public: false },
      { route: 'POST /v1/things/:id/archive', scopes: ['things:write'], public: false },
      { route: 'POST /v1/things/:id/forgotten', scopes: [], public: false },
      { route: 'GET /health/live', scopes: [], public: true },
      { route: 'POST /admin/pause', scopes: ['ops:admin'], public: false },
    ]);
  });

  it('names the routes that declare neither scopes nor Public', () => {
    expect(undeclaredRoutes([ThingsController, OpsController, AdminController])).toEqual([
      'POST /v1/things/:id/forgotten',
    ]);
  });
});
