#pragma once
// Old name of crawler/alerts/outbox_delivery.h, kept until every include uses the new one.

#include "crawler/alerts/outbox_delivery.h"
