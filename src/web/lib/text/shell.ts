/**
 * Texts of the page shell (header, phone menu, scroll regions) — Danish and English.
 * Spread into the one dictionary in i18n.ts.
 */
export const shellDa = {
  'menu.open': 'Menu',
  'menu.heading': 'Menu',
  'menu.close': 'Luk',
  'menu.closeLabel': 'Luk menu',
  'menu.user': 'Bruger',
  'menu.roles': 'Dine roller',
  'scroll.hint': 'Tabellen kan rulles vandret.',
} as const;

export const shellEn: Record<keyof typeof shellDa, string> = {
  'menu.open': 'Menu',
  'menu.heading': 'Menu',
  'menu.close': 'Close',
  'menu.closeLabel': 'Close menu',
  'menu.user': 'User',
  'menu.roles': 'Your roles',
  'scroll.hint': 'The table scrolls sideways.',
};
