/** The local stand-in for the `summarise_return_reason` LLM intent. */
export const handler = async (input: { reason?: unknown; order?: unknown }) => {
  const reason = typeof input.reason === 'string' && input.reason !== '' ? input.reason : 'no reason given';
  return {
    summary: `Order ${String(input.order ?? '?')}: ${reason.slice(0, 120)}`,
    sentiment: /broken|damaged|wrong/i.test(reason) ? 'negative' : 'neutral',
  };
};
