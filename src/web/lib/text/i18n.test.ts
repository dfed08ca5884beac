import { describe, expect, it } from 'vitest';
import { initialLang, messages, rememberLang, translate, type Message } from './i18n.ts';

describe('i18n', () => {
  it('is Danish by default and remembers English', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(initialLang(storage)).toBe('da');
    rememberLang(storage, 'en');
    expect(initialLang(storage)).toBe('en');
    expect(initialLang(undefined)).toBe('da');
  });

  it('fills in parameters and leaves unknown ones visible', () => {
    expect(translate('da', 'start.title', { name: 'Ane' })).toBe('Velkommen, Ane');
    expect(translate('en', 'start.title', { name: 'Ane' })).toBe('Welcome, Ane');
    expect(translate('da', 'start.title')).toBe('Velkommen, {name}');
  });

  it('has every Danish text in English too, with the same parameters', () => {
    for (const [key, text] of Object.entries(messages.da)) {
      const english = messages.en[key as keyof typeof messages.da];
      expect(english, key).toBeTruthy();
      const params = (m: Message) => [...new Set([...(typeof m === 'string' ? m : `${m.one} ${m.other}`).matchAll(/\{(\w+)\}/g)].map((x) => x[1]))].sort();
      expect(params(english), key).toEqual(params(text));
    }
  });
});

describe('plural forms', () => {
  it('picks the form by Intl.PluralRules for the count', async () => {
    const { formatMessage } = await import('./i18n.ts');
    expect(translate('da', 'audit.count', { count: 1 })).toBe('1 ændring vist');
    expect(translate('da', 'audit.count', { count: 2 })).toBe('2 ændringer vist');
    const changes = { one: '{count} ændring', other: '{count} ændringer' };
    expect(formatMessage('da', changes, { count: 1 })).toBe('1 ændring');
    expect(formatMessage('da', changes, { count: 2 })).toBe('2 ændringer');
    expect(formatMessage('da', changes, { count: 0 })).toBe('0 ændringer');
    expect(formatMessage('en', { one: '{count} change', other: '{count} changes' }, { count: 1 })).toBe('1 change');
  });
});

describe('labels that come from the server (issue 12 §6)', () => {
  it('shows every target group, status, meeting body, cost category and funding the server names in Danish in the user’s language', async () => {
    const { serverLabel } = await import('./i18n.ts');
    const { STATUS_LABEL, TARGET_GROUP_LABEL } = await import('../../../core/economy/initiative.ts');
    const { MEETING_BODY_LABELS } = await import('../../../core/governance/meetings.ts');
    const { COST_CATEGORY_LABEL, FUNDING_LABEL } = await import('../../../core/economy/forecast.ts');
    const groups: [string, Record<string, string>][] = [
      ['initiative.targetGroup.', TARGET_GROUP_LABEL],
      ['initiative.status.', STATUS_LABEL],
      ['gov.body.', MEETING_BODY_LABELS],
      ['cost.category.', COST_CATEGORY_LABEL],
      ['cost.funding.', FUNDING_LABEL],
    ];
    for (const [prefix, labels] of groups) {
      for (const [key, danish] of Object.entries(labels)) {
        // The web has its own text for each, in both languages, and the Danish one is the server's.
        expect(serverLabel('da', prefix + key, 'x'), prefix + key).toBe(danish);
        // (Some words are the same in both languages, e.g. "Administration": the English text must exist, not differ.)
        expect(serverLabel('en', prefix + key, '§ingen tekst§'), prefix + key).not.toBe('§ingen tekst§');
      }
    }
    // A label the web has no text for (free text typed by a user) is shown as sent.
    expect(serverLabel('en', 'initiative.targetGroup.Borgere i Tårnby', 'Borgere i Tårnby')).toBe('Borgere i Tårnby');
  });
});
