"""CityBridge: run international city-to-city cooperation programmes."""
