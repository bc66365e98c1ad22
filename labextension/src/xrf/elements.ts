// Chemical element symbols as the periodic table lays them out, and a typed list read into them.

/** Rows of the periodic table up to uranium ('-': an empty cell); lanthanides and actinides last. */
export const TABLE_ROWS: string[][] = [
  'H - - - - - - - - - - - - - - - - He',
  'Li Be - - - - - - - - - - B C N O F Ne',
  'Na Mg - - - - - - - - - - Al Si P S Cl Ar',
  'K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr',
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe',
  'Cs Ba La Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn',
  'Fr Ra Ac - - - - - - - - - - - - - - -',
  '- - - Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu -',
  '- - - Th Pa U - - - - - - - - - - - -'
].map(row => row.split(' '));

const SYMBOLS = new Set(TABLE_ROWS.flat().filter(s => s !== '-'));

/** Element symbols in a typed list ('fe, Cu zn' → Fe, Cu, Zn), unknown words left out. */
export function parseElements(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(/[\s,;]+/)) {
    const symbol = word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
    if (SYMBOLS.has(symbol) && !out.includes(symbol)) {
      out.push(symbol);
    }
  }
  return out;
}

/** Line energies (keV) in the energy axis' units; null when the axis is channels. */
export function keVTo(units: string | null): number | null {
  const u = (units ?? '').trim();
  if (/^kev$/i.test(u)) {
    return 1;
  }
  if (/^ev$/i.test(u)) {
    return 1000;
  }
  return null;
}
