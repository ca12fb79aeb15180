package io.memscope.core.event;

/** A periodic sample of state: statistics or budget. Late subscribers get the latest at once. */
public sealed interface SampleEvent extends MemoryEvent permits StatsSampled, BudgetSampled {
}
