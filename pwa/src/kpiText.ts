/** How each headline number is defined, in words (REFERENCE.md), for "Explain this number". */
export const kpiDefinitions: Record<
  string,
  { label: string; formula: string; goodWhenUp?: boolean; money?: boolean; ratio?: boolean }
> = {
  netSales: {
    label: 'Net sales',
    formula:
      'Gross sales − discounts − returns. Excludes shipping and taxes. Returns count on the day they were processed (or on the order day, if you switch refund dating in Settings).',
    money: true,
  },
  totalSales: {
    label: 'Total sales',
    formula: 'Gross sales − discounts − returns + shipping + taxes (Shopify definition).',
    money: true,
  },
  grossSales: {
    label: 'Gross sales',
    formula: 'Unit price × quantity of every line sold, before discounts and returns.',
    money: true,
  },
  discounts: {
    label: 'Discounts',
    formula: 'Order and line discounts on orders placed in the period.',
    money: true,
    goodWhenUp: false,
  },
  returns: {
    label: 'Returns',
    formula:
      'Refunded amounts (excluding refunded shipping and taxes) dated by refund date; cancelled orders count as a return on their cancel day.',
    money: true,
    goodWhenUp: false,
  },
  orders: {
    label: 'Orders',
    formula:
      'Orders placed in the period (cancelled orders included on their order day, as Shopify does).',
  },
  units: { label: 'Units', formula: 'Quantity of items ordered in the period.' },
  aov: {
    label: 'Average order value',
    formula: '(Gross sales − discounts) ÷ orders.',
    money: true,
  },
  conversionRate: {
    label: 'Conversion rate',
    formula: 'Orders ÷ sessions (Shopify definition) from your analytics import.',
    ratio: true,
  },
  returningCustomerRate: {
    label: 'Returning customer rate',
    formula:
      'Customers in the period who had ordered before ÷ all customers who ordered in the period (Shopify definition; not the lifetime repeat purchase rate).',
    ratio: true,
  },
  roas: {
    label: 'ROAS',
    formula:
      'Revenue attributed last-click (by UTM source/medium) to paid channels ÷ ad spend on them.',
  },
  mer: { label: 'MER', formula: 'Total sales ÷ total ad spend (marketing efficiency ratio).' },
  adSpend: {
    label: 'Ad spend',
    formula: 'Spend from your ad-spend imports in the period.',
    money: true,
    goodWhenUp: false,
  },
  newCustomers: {
    label: 'New customers',
    formula: 'Customers whose first order falls in the period.',
  },
};
