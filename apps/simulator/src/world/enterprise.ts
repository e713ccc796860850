/**
 * The simulated enterprise: what the simulator seeds through the services' APIs. Two regions,
 * each with warehouses, carriers and lanes, a catalogue of SKUs plenty in stock, and one
 * scarce SKU per region that starts at zero so shortages happen when a plan asks for them.
 */
export interface WarehouseSeed {
  id: string;
  name: string;
  region: string;
  country: string;
}

export interface SkuSeed {
  sku: string;
  description: string;
  weightGrams: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  unitPrice: number;
}

export interface CarrierSeed {
  id: string;
  name: string;
  modes: string[];
  webhookSecret: string;
}

export interface LaneSeed {
  originRegion: string;
  destinationCountry: string;
  carrierId: string;
  priority: number;
  ratePerKg: number;
  currency: string;
  transitDays: number;
  tenderTimeoutSeconds: number;
}

export interface RegionSeed {
  region: string;
  currency: string;
  countries: string[];
  cities: { city: string; postalCode: string; country: string }[];
}

export const REGIONS: RegionSeed[] = [
  {
    region: 'eu-west',
    currency: 'EUR',
    countries: ['DE', 'FR', 'NL'],
    cities: [
      { city: 'Berlin', postalCode: '10115', country: 'DE' },
      { city: 'Hamburg', postalCode: '20095', country: 'DE' },
      { city: 'Lyon', postalCode: '69001', country: 'FR' },
      { city: 'Utrecht', postalCode: '3511', country: 'NL' },
    ],
  },
  {
    region: 'us-east',
    currency: 'USD',
    countries: ['US'],
    cities: [
      { city: 'Boston', postalCode: '02108', country: 'US' },
      { city: 'Newark', postalCode: '07102', country: 'US' },
    ],
  },
];

export const WAREHOUSES: WarehouseSeed[] = [
  { id: 'WH-EU-DUS', name: 'Duesseldorf DC', region: 'eu-west', country: 'DE' },
  { id: 'WH-EU-LIL', name: 'Lille DC', region: 'eu-west', country: 'FR' },
  { id: 'WH-US-NJ', name: 'New Jersey DC', region: 'us-east', country: 'US' },
];

export const SKUS: SkuSeed[] = Array.from({ length: 12 }, (_, i) => ({
  sku: `SKU-${String(i + 1).padStart(3, '0')}`,
  description: `Catalogue item ${i + 1}`,
  weightGrams: 200 + i * 150,
  lengthMm: 100 + i * 10,
  widthMm: 80 + i * 5,
  heightMm: 50 + i * 5,
  unitPrice: 499 + i * 250,
}));

/** Starts at zero stock everywhere: an order that asks for it waits for a receipt. */
export const SCARCE_SKU: SkuSeed = {
  sku: 'SKU-SCARCE',
  description: 'Seasonal item, allocated from receipts only',
  weightGrams: 750,
  lengthMm: 300,
  widthMm: 200,
  heightMm: 100,
  unitPrice: 4999,
};

/** On-hand seeded per SKU and warehouse: far more than any run uses. */
export const OPENING_STOCK = 1_000_000;

export const CARRIERS: CarrierSeed[] = [
  {
    id: 'CARRIER-SWIFT',
    name: 'Swift Parcel',
    modes: ['PARCEL'],
    webhookSecret: 'swift-parcel-webhook-secret',
  },
  {
    id: 'CARRIER-ATLAS',
    name: 'Atlas Freight',
    modes: ['PARCEL', 'LTL'],
    webhookSecret: 'atlas-freight-webhook-secret',
  },
  {
    id: 'CARRIER-CORAL',
    name: 'Coral Logistics',
    modes: ['PARCEL'],
    webhookSecret: 'coral-logistics-webhook-secret',
  },
];

/** Each destination served by every carrier, in priority order: Swift, then Atlas, then Coral. */
export function lanes(tenderTimeoutSeconds: number): LaneSeed[] {
  return REGIONS.flatMap((region) =>
    region.countries.flatMap((country) =>
      CARRIERS.map((carrier, index) => ({
        originRegion: region.region,
        destinationCountry: country,
        carrierId: carrier.id,
        priority: index + 1,
        ratePerKg: 120 + index * 15,
        currency: region.currency,
        transitDays: 2 + index,
        tenderTimeoutSeconds,
      })),
    ),
  );
}

export const CUSTOMER_COUNT_PER_REGION = 5;
/** Large enough that credit never blocks a simulated order. */
export const CUSTOMER_CREDIT_LIMIT = 10_000_000_000;
