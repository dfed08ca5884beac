import type { RouteModule } from '../app.ts';
import { adminRoutes, healthRoutes } from './admin.ts';
import { authRoutes } from './auth.ts';
import { coFinancingRoutes } from './cofinancing.ts';
import { dataRoutes } from './data.ts';
import { economyRoutes } from './economy.ts';
import { followUpRoutes } from './follow-up.ts';
import { fundsBasisRoutes } from './funds-basis.ts';
import { governanceRoutes } from './governance.ts';
import { postingChartRoutes } from './posting-charts.ts';
import { keyFigureRoutes } from './key-figures.ts';
import { meRoutes } from './me.ts';
import { overviewRoutes } from './overview.ts';
import { scenarioRoutes } from './scenarios.ts';

export type { ApiContext } from './context.ts';
import type { ApiContext } from './context.ts';

/** Every route group of the API, in registration order. */
export const allRoutes: readonly RouteModule<ApiContext>[] = [healthRoutes, authRoutes, adminRoutes, dataRoutes, economyRoutes, fundsBasisRoutes, postingChartRoutes, governanceRoutes, followUpRoutes, keyFigureRoutes, scenarioRoutes, coFinancingRoutes, meRoutes, overviewRoutes];
