/**
 * The local stand-in for the `classify_expense` LLM intent (deployed, Bedrock answers it): a
 * keyword classifier, so the example behaves the same on every run.
 */
const CATEGORIES: [string, RegExp][] = [
  ['travel', /\b(flight|train|hotel|taxi|travel|airfare)\b/i],
  ['meals', /\b(lunch|dinner|meal|restaurant|coffee)\b/i],
  ['equipment', /\b(laptop|monitor|keyboard|headset|equipment)\b/i],
];

export const handler = async (input: { description?: unknown; amount?: unknown }) => {
  const text = typeof input.description === 'string' ? input.description : '';
  const category = CATEGORIES.find(([, re]) => re.test(text))?.[0] ?? 'other';
  return { category, confidence: category === 'other' ? 0.4 : 0.9 };
};
