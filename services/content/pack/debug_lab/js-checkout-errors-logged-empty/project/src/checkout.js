'use strict';

class PaymentError extends Error {
  constructor(message, { code, cause } = {}) {
    super(message, { cause });
    this.name = 'PaymentError';
    this.code = code;
  }
}

async function handleCheckout(req, { payments, log }) {
  const reqLog = log.child({ requestId: req.id, route: 'POST /checkout' });
  const { orderId, amount, cardNumber } = req.body;
  try {
    const charge = await payments.charge({ orderId, amount, cardNumber });
    reqLog.info('checkout ok', { orderId, chargeId: charge.id });
    return { status: 201, body: { chargeId: charge.id } };
  } catch (err) {
    reqLog.error('checkout failed', { orderId, err });
    return { status: 502, body: { error: 'payment_unavailable' } };
  }
}

module.exports = { handleCheckout, PaymentError };
