import type { MessageKey } from './lib/text/i18n.ts';
import type { FollowUpPageName } from './lib/router.ts';

/** The governance and follow-up screens (issue 5), routed from App. */
export const FOLLOW_UP_TITLES: Record<FollowUpPageName, MessageKey> = {
  governance: 'gov.pageTitle',
  meeting: 'gov.meetings',
  'follow-up': 'fu.pageTitle',
  evaluation: 'fu.evaluations',
  ssu: 'ssu.pageTitle',
  'initiative-follow-up': 'ini.pageTitle',
  catalogue: 'cat.title',
};
