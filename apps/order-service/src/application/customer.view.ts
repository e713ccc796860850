import type { CustomerEntity } from '../infrastructure/customer.entity';

/** A customer as the API shows it: the credit limit in minor units. */
export function customerView(c: CustomerEntity) {
  const { id, name, region, creditLimitMinor, currency } = c;
  return { id, name, region, creditLimit: creditLimitMinor, currency };
}
