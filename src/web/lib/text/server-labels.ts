import { TARGET_GROUP_LABEL, type TargetGroup } from '../../../core/economy/initiative.ts';
import { MEETING_BODY_LABELS, type MeetingBody } from '../../../core/governance/meetings.ts';
import { serverLabel, useI18n } from './i18n.ts';

/** The server's Danish label back to the key it was made from (the labels are core's, so known here). */
function keyOf<K extends string>(labels: Record<K, string>, label: string): K | undefined {
  return (Object.keys(labels) as K[]).find((k) => labels[k] === label);
}

/**
 * Labels the server sends as Danish text (a target group, a meeting's body) in the user's
 * language: the web's own text for the label's key; free text (an "other" target group the
 * secretariat typed) stays as typed.
 */
export function useServerLabels(): { targetGroup: (label: string) => string; body: (label: string) => string } {
  const { lang } = useI18n();
  return {
    targetGroup: (label) => {
      const key: TargetGroup | undefined = keyOf(TARGET_GROUP_LABEL, label);
      return key === undefined ? label : serverLabel(lang, `initiative.targetGroup.${key}`, label);
    },
    body: (label) => {
      const key: MeetingBody['kind'] | undefined = keyOf(MEETING_BODY_LABELS, label);
      return key === undefined ? label : serverLabel(lang, `gov.body.${key}`, label);
    },
  };
}
