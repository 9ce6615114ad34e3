"""Every write of the register, by concern: the framework, publishers' applications, the
bodies' assessments, the council's decisions, life after the label."""
