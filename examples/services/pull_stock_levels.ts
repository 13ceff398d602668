/** Pulls stock levels from the warehouse system (a fixed snapshot locally). */
export const handler = async () => ({
  levels: [
    { sku: 'MUG-01', on_hand: 42 },
    { sku: 'TEE-M', on_hand: 7 },
  ],
  source: 'warehouse',
});
