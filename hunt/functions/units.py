"""Unit tables for convert_angle/energy/force/length/mass/speed/temperature/volume: each unit
as (scale, offset) to the family's base unit (value_base = value * scale + offset)."""
from __future__ import annotations

import math

_UNITS = {
    "angle": {"Radian": 1.0, "Degree": math.pi / 180, "Gradian": math.pi / 200,
              "Arcminute": math.pi / 10800, "Arcsecond": math.pi / 648000,
              "Revolution": 2 * math.pi, "Milliradian": 1e-3, "Microradian": 1e-6},
    "energy": {"Joule": 1.0, "Kilojoule": 1e3, "Megajoule": 1e6, "Gigajoule": 1e9,
               "Millijoule": 1e-3, "WattHour": 3600.0, "KilowattHour": 3.6e6,
               "MegawattHour": 3.6e9, "Calorie": 4.184, "Kilocalorie": 4184.0,
               "BritishThermalUnit": 1055.05585262, "Electronvolt": 1.602176634e-19,
               "Erg": 1e-7, "FootPound": 1.3558179483314004},
    "force": {"Newton": 1.0, "Kilonewton": 1e3, "Meganewton": 1e6, "Dyne": 1e-5,
              "KilogramForce": 9.80665, "PoundForce": 4.4482216152605, "Poundal": 0.138254954376,
              "TonneForce": 9806.65, "KilopoundForce": 4448.2216152605, "OunceForce": 0.27801385095378125},
    "length": {"Meter": 1.0, "Kilometer": 1e3, "Centimeter": 1e-2, "Millimeter": 1e-3,
               "Micrometer": 1e-6, "Nanometer": 1e-9, "Decimeter": 0.1, "Inch": 0.0254,
               "Foot": 0.3048, "Yard": 0.9144, "Mile": 1609.344, "NauticalMile": 1852.0,
               "Mil": 2.54e-5, "Microinch": 2.54e-8, "Hand": 0.1016, "Fathom": 1.8288,
               "LightYear": 9.4607304725808e15, "AstronomicalUnit": 1.495978707e11,
               "Parsec": 3.0856775814913673e19},
    "mass": {"Kilogram": 1.0, "Gram": 1e-3, "Milligram": 1e-6, "Microgram": 1e-9,
             "Tonne": 1e3, "Pound": 0.45359237, "Ounce": 0.028349523125, "Stone": 6.35029318,
             "ShortTon": 907.18474, "LongTon": 1016.0469088, "Grain": 6.479891e-5,
             "Slug": 14.593902937206364, "Hectogram": 0.1, "Decagram": 1e-2, "Centigram": 1e-5,
             "Nanogram": 1e-12, "Megagram": 1e3},
    "speed": {"MeterPerSecond": 1.0, "KilometerPerHour": 1 / 3.6, "MilePerHour": 0.44704,
              "FootPerSecond": 0.3048, "Knot": 1852.0 / 3600, "KilometerPerSecond": 1e3,
              "CentimeterPerSecond": 1e-2, "MillimeterPerSecond": 1e-3, "InchPerSecond": 0.0254,
              "MeterPerMinute": 1 / 60, "MeterPerHour": 1 / 3600, "FootPerMinute": 0.00508},
    "volume": {"CubicMeter": 1.0, "Liter": 1e-3, "Milliliter": 1e-6, "Centiliter": 1e-5,
               "Deciliter": 1e-4, "Hectoliter": 0.1, "CubicCentimeter": 1e-6,
               "CubicMillimeter": 1e-9, "CubicKilometer": 1e9, "CubicInch": 1.6387064e-5,
               "CubicFoot": 0.028316846592, "CubicYard": 0.764554857984,
               "UsGallon": 0.003785411784, "ImperialGallon": 0.00454609,
               "UsQuart": 0.000946352946, "UsPint": 0.000473176473, "UsOunce": 2.95735295625e-5,
               "ImperialOunce": 2.84130625e-5, "AcreFoot": 1233.4806,
               "UsBeerBarrel": 0.117347765304, "OilBarrel": 0.158987294928, "Teaspoon": 4.92892159375e-6,
               "Tablespoon": 1.478676478125e-5},
}
# temperature: (scale, offset) to kelvin
_TEMPERATURE = {"Kelvin": (1.0, 0.0), "DegreeCelsius": (1.0, 273.15),
                "DegreeFahrenheit": (5 / 9, 459.67 * 5 / 9), "DegreeRankine": (5 / 9, 0.0),
                "MillidegreeCelsius": (1e-3, 273.15), "DegreeDelisle": (-2 / 3, 373.15),
                "DegreeNewton": (100 / 33, 273.15), "DegreeReaumur": (1.25, 273.15),
                "DegreeRoemer": (40 / 21, 273.15 - 7.5 * 40 / 21)}


def factor(kind: str, src: str, dst: str):
    """(scale, offset) with value_dst = value_src * scale + offset, or None."""
    if kind == "temperature":
        a, b = _TEMPERATURE.get(src), _TEMPERATURE.get(dst)
        if a is None or b is None:
            return None
        # K = v*a0 + a1 ; dst = (K - b1) / b0
        return a[0] / b[0], (a[1] - b[1]) / b[0]
    table = _UNITS.get(kind, {})
    if src not in table or dst not in table:
        return None
    return table[src] / table[dst], 0.0
