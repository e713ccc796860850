import {
  applyDecorators,
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  UseFilters,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type CarrierSignature,
} from '../../application/carrier-signature';
import { CLOCK, type Clock } from '../../application/clock';
import { RecordCarrierMilestoneHandler } from '../../application/record-carrier-milestone/record-carrier-milestone.handler';
import { RespondToTenderHandler } from '../../application/respond-to-tender/respond-to-tender.handler';
import type { CarrierMilestoneReport, MilestoneCode } from '../../domain';
import { TenderResponseRequest } from './carrier-requests';
import { CarrierMilestoneRequest } from './shipment-requests';
import { TransportProblemFilter } from './transport-problem.filter';
import { currentRequestContext, RequireScopes, scopeGranted } from '@logisync/http-kit';

/** Express's request with the raw body Nest keeps when created with { rawBody: true }. */
interface RawBodyRequest {
  rawBody?: Buffer;
}

const SignedByCarrier = () =>
  applyDecorators(
    ApiHeader({ name: TIMESTAMP_HEADER, required: true, description: 'Unix time, seconds' }),
    ApiHeader({
      name: SIGNATURE_HEADER,
      required: true,
      description: "hex HMAC-SHA256 of `${timestamp}.${rawBody}` with the carrier's webhookSecret",
    }),
  );

/** Calls from carriers, each signed by the carrier the tender or shipment belongs to. */
@ApiTags('carrier webhooks')
@UseFilters(TransportProblemFilter)
@Controller('v1/carrier')
export class CarrierWebhooksHttpController {
  constructor(
    @Inject(RespondToTenderHandler) private readonly respond: RespondToTenderHandler,
    @Inject(RecordCarrierMilestoneHandler)
    private readonly milestones: RecordCarrierMilestoneHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @RequireScopes('carrier:*')
  @Post('tenders/:tenderId/response')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept or reject a tender (signed)' })
  @SignedByCarrier()
  tenderResponse(
    @Param('tenderId') tenderId: string,
    @Body() body: TenderResponseRequest,
    @Headers(TIMESTAMP_HEADER) timestamp: string | undefined,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Req() req: RawBodyRequest,
  ) {
    const { pickupWindow, ...rest } = body;
    return this.respond.execute(
      tenderId,
      {
        ...rest,
        pickupWindow: pickupWindow && {
          startAt: Date.parse(pickupWindow.startAt),
          endAt: Date.parse(pickupWindow.endAt),
        },
      },
      signed(timestamp, signature, req),
    );
  }

  @RequireScopes('carrier:*')
  @Post('shipments/:trackingNumber/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report a milestone of a shipment (signed)' })
  @SignedByCarrier()
  shipmentEvent(
    @Param('trackingNumber') trackingNumber: string,
    @Body() body: CarrierMilestoneRequest,
    @Headers(TIMESTAMP_HEADER) timestamp: string | undefined,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Req() req: RawBodyRequest,
  ) {
    const report: CarrierMilestoneReport = {
      carrierEventId: body.carrierEventId,
      code: body.code as MilestoneCode,
      classifier: body.classifier,
      milestoneAt: Date.parse(body.occurredAt),
      reportedAt: this.clock.now(),
      location: body.location ?? null,
      proofOfDelivery: body.proofOfDelivery ?? null,
      retractsEventId: body.retractsEventId ?? null,
      detail: body.detail ?? null,
    };
    return this.milestones.fromWebhook(trackingNumber, report, signed(timestamp, signature, req));
  }
}

function signed(
  timestamp: string | undefined,
  signature: string | undefined,
  req: RawBodyRequest,
): CarrierSignature {
  const caller = currentRequestContext()?.client;
  return {
    timestamp,
    signature,
    rawBody: req.rawBody ?? Buffer.alloc(0),
    mayActFor: (carrierId) => !!caller && scopeGranted(caller.scopes, `carrier:${carrierId}`),
  };
}
