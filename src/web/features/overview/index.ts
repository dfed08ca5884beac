/** The overview feature's public module: the overview pages and the start page's section. */
export { OverviewPage } from './OverviewPage.tsx';
export { StartOverviewSection } from './Start.tsx';
