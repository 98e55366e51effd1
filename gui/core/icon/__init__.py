"""The connector icon: the ``DATA_IMAGE`` codec, untrusted-SVG safety, CSS colour/size/position
values and the tile exactly as Bitrix24 paints it."""
