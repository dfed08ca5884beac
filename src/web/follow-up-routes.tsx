import type { FollowUpPageName } from './lib/router.ts';
import { CataloguePage } from './features/follow-up/Catalogue.tsx';
import { EvaluationPage } from './features/follow-up/Evaluation.tsx';
import { FollowUpPage } from './features/follow-up/FollowUp.tsx';
import { GovernancePage } from './features/governance/Governance.tsx';
import { InitiativeFollowUpPage } from './features/follow-up/InitiativeFollowUp.tsx';
import { MeetingPage } from './features/governance/Meeting.tsx';
import { SsuPage } from './features/governance/Ssu.tsx';

/** The governance and follow-up screens (issue 5), routed from App (titles in follow-up-titles.ts). */
export function FollowUpRoute(props: { page: FollowUpPageName; params: string[] }) {
  const p = props.params;
  const key = p.join('/');
  switch (props.page) {
    case 'governance':
      return <GovernancePage key={key} clusterId={p[0]} year={p[1]} />;
    case 'meeting':
      return <MeetingPage key={key} scopeKind={p[0]} scopeId={p[1]} meetingId={p[2]} />;
    case 'follow-up':
      return <FollowUpPage key={key} clusterId={p[0]} />;
    case 'evaluation':
      return <EvaluationPage key={key} scopeKind={p[0]} scopeId={p[1]} evaluationId={p[2]} />;
    case 'ssu':
      return <SsuPage key={key} regionCode={p[0]} year={p[1]} />;
    case 'initiative-follow-up':
      return <InitiativeFollowUpPage key={key} initiativeId={p[0]} />;
    case 'catalogue':
      return <CataloguePage key={key} text={p[0]} />;
  }
}
