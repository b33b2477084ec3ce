//! Stage module: findings (being written).
