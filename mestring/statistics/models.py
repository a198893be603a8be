from .access import StatisticsAccess

__all__ = ["StatisticsAccess"]
