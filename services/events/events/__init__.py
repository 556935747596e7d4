"""Events and CPD booking service: partnership events, sessions, bookings and waitlists."""
